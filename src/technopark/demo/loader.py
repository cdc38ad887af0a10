def load() -> str:
    return "demo: nothing yet"
