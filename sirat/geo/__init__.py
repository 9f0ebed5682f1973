"""Maps without a network: Web Mercator, the shipped basemap and gazetteer, geocoding."""
