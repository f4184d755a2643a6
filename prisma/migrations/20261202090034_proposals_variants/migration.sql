-- CreateEnum
CREATE TYPE "ProposalStatus" AS ENUM ('pending', 'accepted', 'rejected', 'superseded');

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "baseVersion" INTEGER;

-- CreateTable
CREATE TABLE "Proposal" (
    "id" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "sessionId" TEXT,
    "runId" TEXT,
    "source" TEXT NOT NULL,
    "stage" "Stage",
    "action" TEXT,
    "model" TEXT,
    "note" TEXT,
    "variantId" TEXT,
    "baseVersion" INTEGER NOT NULL,
    "baseTitle" TEXT NOT NULL,
    "baseContent" TEXT NOT NULL,
    "title" TEXT,
    "content" TEXT NOT NULL,
    "status" "ProposalStatus" NOT NULL DEFAULT 'pending',
    "acceptedChanges" JSONB,
    "resolvedVersion" INTEGER,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Variant" (
    "id" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "preset" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "sourceVersion" INTEGER NOT NULL,
    "model" TEXT,
    "checks" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Variant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_runId_key" ON "Proposal"("runId");

-- CreateIndex
CREATE INDEX "Proposal_articleId_status_createdAt_idx" ON "Proposal"("articleId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Variant_articleId_createdAt_idx" ON "Variant"("articleId", "createdAt");

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Variant" ADD CONSTRAINT "Variant_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
