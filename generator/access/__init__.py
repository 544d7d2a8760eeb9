"""Who may change what: the ownership rule, CODEOWNERS written from it, and pull requests judged by it."""
