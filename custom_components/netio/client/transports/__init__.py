"""One module per M2M protocol, each behind the `Transport` interface of `base`."""
