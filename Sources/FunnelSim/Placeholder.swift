public enum FunnelSimPlaceholder {}
