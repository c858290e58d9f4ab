"""Bashgah's runtime: settings, command line, bots, dispatcher and HTTP server."""
