"""The demo council: builds a whole made-up council on top of every app."""
