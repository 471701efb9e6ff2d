// The city (the top division) and its districts, cached for ten minutes: what every map draws its outlines from.
import { useQuery } from '@tanstack/react-query';
import { geoApi } from '../../api/geo';

export function useCityDistricts() {
  const city = useQuery({
    queryKey: ['geo', 'divisions', ''],
    queryFn: async () => (await geoApi.divisions()).items,
    staleTime: 10 * 60_000,
  });
  const cityCode = city.data?.[0]?.code;
  const districts = useQuery({
    queryKey: ['geo', 'divisions', cityCode],
    queryFn: async () => (await geoApi.divisions(cityCode)).items,
    enabled: !!cityCode,
    staleTime: 10 * 60_000,
  });
  return { city, districts };
}
