"""The kiosk's durable store and its link to the network: no Qt."""
