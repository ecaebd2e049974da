"""Small widgets the layouts share: text, pictures, tappable controls."""
