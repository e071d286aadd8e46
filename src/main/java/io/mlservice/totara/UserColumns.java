package io.mlservice.totara;

import io.mlservice.totara.TenantExport.User;

import static io.mlservice.totara.ExportValues.competencyScales;
import static io.mlservice.totara.ExportValues.idList;

/** The columns of {@code user_data}; those the Totara 13/14 form lacks are -1 and read as "". */
record UserColumns(int id, int lang, int city, int country, int interests, int aspPosition,
                   int positions, int organisations, int competencies, int badges, int description) {

    static UserColumns of(CsvTable table) throws ExportFormatException {
        return new UserColumns(table.required("user_id"), table.required("lang"), table.optional("city"),
                table.optional("country"), table.optional("interests"), table.optional("asp_position"),
                table.optional("positions"), table.optional("organisations"),
                table.optional("competencies_scale"), table.optional("badges"), table.optional("description"));
    }

    /** The user of a row whose id was already checked. */
    User user(CsvTable.Row row, String id) throws ExportFormatException {
        return new User(id, row.get(lang), row.get(city), row.get(country), idList(row.get(interests)),
                idList(row.get(aspPosition)), idList(row.get(positions)), idList(row.get(organisations)),
                competencyScales(row, competencies), idList(row.get(badges)), row.get(description));
    }
}
