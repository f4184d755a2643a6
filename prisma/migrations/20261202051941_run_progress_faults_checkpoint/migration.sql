-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "checkpoint" JSONB,
ADD COLUMN     "faults" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "progressAt" TIMESTAMP(3);
