"""decertsim's world: parameters, landscape, assistance, capacity, control, outcomes and the Mesa model."""  # noqa: E501
