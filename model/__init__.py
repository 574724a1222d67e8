"""decertsim's world: parameters, landscape, assistance, capacity, control, outcomes and the Mesa model."""  # noqa: E501

from model.lazy_imports import defer

# before anything imports Mesa: a model run never uses pandas (model/lazy_imports.py)
defer("pandas")
