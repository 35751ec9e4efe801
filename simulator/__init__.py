"""The simulator: a stand-in for Hà Tĩnh's one-stop-shop software in 2022 (the outside world),
or for any other province's (:mod:`.province`).

It imports nothing from the rest of ``pipelines``. Entry point: :func:`generate_world`.
"""

from .generate import SimulatedWorld, generate_world

__all__ = ["SimulatedWorld", "generate_world"]
