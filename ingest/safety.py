"""The poller's SSRF protection is the core address policy (`mediamon.netpolicy`), shared with alert delivery."""

from mediamon.netpolicy import AddressPolicy, BlockedAddressError, SafeResolver, check_url

__all__ = ["AddressPolicy", "BlockedAddressError", "SafeResolver", "check_url"]
