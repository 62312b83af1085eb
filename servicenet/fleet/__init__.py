"""Running the kiosks of a province from the network: alerts from heartbeats and who is told of them."""
