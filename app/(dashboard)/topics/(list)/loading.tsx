import { PageLoading } from '@/app/components/page-loading';

export default function Loading() {
  return <PageLoading what="the topics" />;
}
