"""The guideline's code: data -> model (model, load) -> domain queries -> render -> generate -> site.

Importing this package loads nothing else: `import macros.model` stays light. The macros the
hand-written pages call are wired in macros/wiring.py (loaded by the engine through the shim that
macros/generate.py writes).
"""
