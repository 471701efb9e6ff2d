// Keyset paging over GET /cases for a filter: pages are appended by "load more"; counts come with the first page.
import { useInfiniteQuery } from '@tanstack/react-query';
import { type CaseFilter, casesApi } from '../../api/cases';

export function useCaseList(filter: CaseFilter, pageSize = 50, key = 'list') {
  const query = useInfiniteQuery({
    queryKey: ['cases', key, filter, pageSize],
    queryFn: ({ pageParam }) => casesApi.list(filter, pageParam, pageSize, pageParam === null),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const counts = query.data?.pages[0]?.counts;
  return { query, items, counts };
}
