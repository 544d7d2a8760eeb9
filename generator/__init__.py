"""jili: the policy, applications, recommendations and award notices of a government
incentive programme as validated data, and the public site built from them."""

__version__ = "0.1.0"
