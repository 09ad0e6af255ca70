"""Tests of the classroom server (deploy/hub)."""
