/** The service's log file {@code ml-service.log} and the last lines of it in memory, for the console. */
package io.mlservice.logging;
