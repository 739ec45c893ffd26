"""The main window and what hangs off it: pages, file and backup actions, about, profile, the app launcher."""
