package lab.tagging.web;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The body of every error answer. */
@JsonPropertyOrder({"status", "error"})
public record ErrorBody(int status, String error) {}
