"""reseau: a course kit on business networking strategy and the strength of ties.

Submodules: `ties` (tie strength), `budget` (membership cost), `clubs` (club finder),
`network` (structure of ties), `data` (loaders), `widgets` (course widgets).
"""

from .errors import ReseauError

__version__ = "0.1.0"
__all__ = ["ReseauError", "__version__"]
