/**
 * Where a training cycle's export comes from, chosen by the settings ({@link
 * io.mlservice.service.export.ExportSource#from}): Totara over signed HTTP into a staging folder, or a local folder.
 */
package io.mlservice.service.export;
