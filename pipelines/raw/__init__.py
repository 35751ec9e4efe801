"""The raw zone: landed files byte for byte, the manifest, the parse index and the parse runs.

The only place where citizens' personal data lives (docs/glossary.md, "Sensitivity").
"""
