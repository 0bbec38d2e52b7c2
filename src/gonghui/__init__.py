"""Gonghui (工会): the service and assistance work of a trade-union federation."""
