// The Interop module.
