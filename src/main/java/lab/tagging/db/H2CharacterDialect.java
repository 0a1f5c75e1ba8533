package lab.tagging.db;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.sql.internal.DdlTypeImpl;

/**
 * H2 with string columns that hold as many characters as their length says. The lesson's
 * {@code VARCHAR(255)} takes 255 characters on PostgreSQL, emoji included; H2 counts UTF-16
 * units, in which an emoji is two, so here a column declared with length n gets room for 2n.
 * The API's limit of 255 characters (counted as the lesson's database counts them) then always
 * fits.
 */
public final class H2CharacterDialect extends H2Dialect {

  @Override
  protected void registerColumnTypes(TypeContributions contributions, ServiceRegistry registry) {
    super.registerColumnTypes(contributions, registry);
    contributions.getTypeConfiguration().getDdlTypeRegistry().addDescriptor(
        new DdlTypeImpl(SqlTypes.VARCHAR, columnType(SqlTypes.VARCHAR), this) {
          @Override
          public String getTypeName(Long size, Integer precision, Integer scale) {
            return super.getTypeName(size == null ? null : size * 2, precision, scale);
          }
        });
  }
}
