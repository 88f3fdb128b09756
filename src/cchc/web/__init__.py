"""The web application: units enter their forms, the province reviews, aggregates and publishes."""
