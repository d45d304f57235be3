/**
 * Small, dependency-free helpers shared by every package: the root exception, sizes ({@code 512Mi}),
 * durations ({@code 90s}) and hashing. Imports the JDK only.
 */
package dev.airlock.support;
