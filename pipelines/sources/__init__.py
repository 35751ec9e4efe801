"""Sources the nightly run pulls from (besides the inbox folder): the one-stop-shop software's HTTP API."""
