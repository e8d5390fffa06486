"""Writers and readers, one module per format (as PyBEL's io/)."""
