"""One-stop dossier analytics: schema, working-day calendar, metrics, engine, generator."""
