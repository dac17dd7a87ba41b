"""Op families. Importing a family module registers its op types; ``graphscope/__init__`` imports them all."""
