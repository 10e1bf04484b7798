// The Augment module.
