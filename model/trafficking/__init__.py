"""Cocaine's road: production, the route network, interdiction, the regional hub, prices.

ODD 7.10; claims C5 and C6, facts F3, F5, F12, F13. The reference model is NarcoLogic
(Magliocca et al., PNAS 2019): traffickers route around interdiction, so seizing more on one
road moves cocaine to another (the balloon effect).

* ``network.py``: land cells as a networkx graph; least-cost trees to the exits (scipy csgraph);
* ``costs.py``: who ships a cell's cocaine and what crossing each cell costs each shipper;
* ``flows.py``: the logit over routes and cocaine moving down the trees, seized on the way;
* ``interdiction.py``: the seizure hazard of each cell and exit (capacity, intelligence,
  presence, security units);
* ``hub.py``: the regional coordination stock and partner countries' seizures;
* ``prices.py``: the risk premium and the farm-gate price growers read;
* ``kernels.py``: the compiled loops of the two above (a forest's layout, the month's flows);
* ``process.py``: :class:`Trafficking`, the month's process, and :class:`TraffickingMonth`.
"""

from model.trafficking.process import Trafficking, TraffickingMonth

__all__ = ["Trafficking", "TraffickingMonth"]
