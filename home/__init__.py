"""The home page and the navigation: the top of the site, above every domain app."""
