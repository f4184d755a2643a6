-- Stage, session status, run status and language become enums. Hand-edited from the generated diff, which
-- dropped and re-added each column: every column is converted in place (USING col::"Enum"), so rows keep
-- their values; a value outside an enum makes the migration fail instead of being lost.

-- CreateEnum
CREATE TYPE "Stage" AS ENUM ('topic', 'research', 'writing', 'styling', 'review', 'publish');

-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('idle', 'processing', 'error');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('en', 'zh');

-- AlterTable
ALTER TABLE "Article" ALTER COLUMN "language" DROP DEFAULT,
ALTER COLUMN "language" TYPE "Language" USING "language"::"Language",
ALTER COLUMN "language" SET DEFAULT 'en',
ALTER COLUMN "stage" DROP DEFAULT,
ALTER COLUMN "stage" TYPE "Stage" USING "stage"::"Stage",
ALTER COLUMN "stage" SET DEFAULT 'topic';

-- AlterTable
ALTER TABLE "ArticleRevision" ALTER COLUMN "stage" TYPE "Stage" USING "stage"::"Stage";

-- AlterTable (the index on status, leaseExpiresAt is rebuilt by the type change)
ALTER TABLE "Run" ALTER COLUMN "stage" TYPE "Stage" USING "stage"::"Stage",
ALTER COLUMN "status" DROP DEFAULT,
ALTER COLUMN "status" TYPE "RunStatus" USING "status"::"RunStatus",
ALTER COLUMN "status" SET DEFAULT 'queued';

-- AlterTable (the index on status is rebuilt by the type change)
ALTER TABLE "Session" ALTER COLUMN "stage" DROP DEFAULT,
ALTER COLUMN "stage" TYPE "Stage" USING "stage"::"Stage",
ALTER COLUMN "stage" SET DEFAULT 'topic',
ALTER COLUMN "status" DROP DEFAULT,
ALTER COLUMN "status" TYPE "SessionStatus" USING "status"::"SessionStatus",
ALTER COLUMN "status" SET DEFAULT 'idle',
ALTER COLUMN "language" DROP DEFAULT,
ALTER COLUMN "language" TYPE "Language" USING "language"::"Language",
ALTER COLUMN "language" SET DEFAULT 'en';

-- AlterTable
ALTER TABLE "User" ALTER COLUMN "locale" DROP DEFAULT,
ALTER COLUMN "locale" TYPE "Language" USING "locale"::"Language",
ALTER COLUMN "locale" SET DEFAULT 'en';
