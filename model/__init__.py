"""decertsim's world: parameters, landscape, assistance, capacity, control, outcomes and the Mesa model."""  # noqa: E501

from model.kernel_cache import ensure_fresh
from model.lazy_imports import defer

# before any kernel loads from numba's cache: drop the cache if a kernel's source changed, as
# numba misses changes to kernels compiled in from other files (model/kernel_cache.py)
ensure_fresh()

# before anything imports Mesa: a model run never uses pandas (model/lazy_imports.py)
defer("pandas")
