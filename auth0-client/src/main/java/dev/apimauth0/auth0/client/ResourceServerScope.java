package dev.apimauth0.auth0.client;

/**
 * One permission of an Auth0 API: its value and description. Immutable. A description longer than Auth0's 500
 * characters is shortened ({@link Auth0Limits#fit}); a value longer than 280 is refused, since a shortened value
 * would be another permission.
 */
public final class ResourceServerScope {

    private final String value;
    private final String description;

    public ResourceServerScope(String value, String description) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("scope value is required");
        }
        if (value.length() > Auth0Limits.SCOPE_VALUE) {
            throw new IllegalArgumentException("scope value is " + value.length() + " characters; Auth0 allows at most "
                    + Auth0Limits.SCOPE_VALUE);
        }
        this.value = value;
        this.description = description == null ? "" : Auth0Limits.fit(description, Auth0Limits.SCOPE_DESCRIPTION);
    }

    public String value() { return value; }
    public String description() { return description; }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceServerScope && ((ResourceServerScope) o).value.equals(value)
                && ((ResourceServerScope) o).description.equals(description);
    }

    @Override
    public int hashCode() {
        return value.hashCode() * 31 + description.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
