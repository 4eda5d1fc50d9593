return {err = "CUSTOM failure here"}
