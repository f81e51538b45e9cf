"""Assets: the equipment ledger (设备台账) of a contract."""
