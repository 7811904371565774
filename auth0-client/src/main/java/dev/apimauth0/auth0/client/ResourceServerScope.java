package dev.apimauth0.auth0.client;

/** One permission of an Auth0 API: its value and description. Immutable. */
public final class ResourceServerScope {

    private final String value;
    private final String description;

    public ResourceServerScope(String value, String description) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("scope value is required");
        }
        this.value = value;
        this.description = description == null ? "" : description;
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
