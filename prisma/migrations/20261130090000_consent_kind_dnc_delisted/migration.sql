-- AlterEnum
-- Its own migration (one transaction each): a value added by ALTER TYPE may
-- not be used before it commits, and the next migration's fold names it.
ALTER TYPE "ConsentKind" ADD VALUE 'dnc_delisted';
