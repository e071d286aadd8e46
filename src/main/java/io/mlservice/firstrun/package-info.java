/**
 * What a first start fills in when nothing is configured: the built-in demo export, a generated key and a
 * loopback address, worked out before any service exists.
 */
package io.mlservice.firstrun;
