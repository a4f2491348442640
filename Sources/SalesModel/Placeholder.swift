public enum SalesModelPlaceholder {}
