from serve_support import served_store, served_url

__all__ = ["served_store", "served_url"]
