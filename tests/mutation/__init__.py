"""The mutation check (`make mutation`); see __main__.py."""
