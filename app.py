"""Entry point: `flask --app app …` and `python app.py` (serves the embedded default)."""
import os

from forumsite import create_app

app = create_app()

if __name__ == "__main__":
    from forumsite.server import serve

    serve(app, os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "5000")))
