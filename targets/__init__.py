"""The shipped target files, installed as package data (see targets/README.md)."""
