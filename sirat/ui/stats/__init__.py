"""Statistics in the app: the statistics window and the analytical-product dialog."""
