import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Input, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { type Location, type Subcategory, citizenApi, gridApi, newIdempotencyKey } from '../../../api/cases-public';
import { errorMessage } from '../../../components/ErrorAlert';
import { AttributeFields, type AttributeValues, missingAttributes } from '../citizen/AttributeFields';
import { CategoryPicker } from '../citizen/CategoryPicker';
import { LocationPicker, currentPosition } from '../citizen/LocationPicker';
import { PhotoPicker } from '../citizen/PhotoPicker';
import { type PreparedPhoto, toUpload } from '../citizen/photos';
import { useGridText } from './texts';

/** 上报: photo + GPS + category, one-handed — the GPS fix is taken as the page opens. */
export function GridReport({ onFiled }: { onFiled: () => void }) {
  const { t, locale } = useGridText();
  const { message } = App.useApp();
  const tree = useQuery({ queryKey: ['grid', 'categories', locale], queryFn: citizenApi.categories });
  const [category, setCategory] = useState<Subcategory | null>(null);
  const [attributes, setAttributes] = useState<AttributeValues>({});
  const [componentId, setComponentId] = useState('');
  const [photos, setPhotos] = useState<PreparedPhoto[]>([]);
  const [location, setLocation] = useState<Location>({});
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);

  useEffect(() => {
    currentPosition()
      .then((p) =>
        setLocation((l) =>
          l.lat === undefined ? { lat: Number(p.lat.toFixed(6)), lng: Number(p.lng.toFixed(6)) } : l,
        ),
      )
      .catch(() => undefined);
  }, []);

  const file = useMutation({
    mutationFn: () =>
      gridApi.report(
        {
          categoryId: category!.id,
          description: note.trim() || category!.name,
          location: { lat: location.lat, lng: location.lng },
          photos: photos.map(toUpload),
          ...(Object.keys(attributes).length ? { attributes } : {}),
          ...(category!.concernsComponent ? { componentId: componentId.trim() } : {}),
        },
        key,
      ),
    onSuccess: (r) => {
      message.success({ content: <span data-testid="grid-filed">{t('filed', { no: r.caseNo })}</span>, duration: 6 });
      setCategory(null);
      setAttributes({});
      setComponentId('');
      setPhotos([]);
      setNote('');
      setProblem(null);
      setKey(newIdempotencyKey());
      onFiled();
    },
  });

  const submit = () => {
    if (!category) return setProblem(t('categoryRequired'));
    if (missingAttributes(category.attributes ?? [], attributes).length) return setProblem(t('attributesRequired'));
    if (category.concernsComponent && !/^\d{16}$/.test(componentId.trim())) return setProblem(t('componentRequired'));
    if (!photos.length) return setProblem(t('photoRequired'));
    if (location.lat === undefined) return setProblem(t('gpsRequired'));
    setProblem(null);
    if (!file.isPending) file.mutate();
  };

  return (
    <div data-testid="grid-report">
      <section className="oc-citizen-section">
        <span className="oc-citizen-label">{t('photo')}</span>
        <PhotoPicker value={photos} onChange={setPhotos} testId="grid-photo" large />
      </section>
      <section className="oc-citizen-section">
        <span className="oc-citizen-label">{t('category')}</span>
        {tree.isLoading ? (
          <Spin />
        ) : (
          <CategoryPicker
            tree={tree.data?.items ?? []}
            value={category}
            onChange={(c) => {
              setCategory(c);
              setAttributes({});
            }}
            testId="grid-category"
          />
        )}
        {category?.concernsComponent && (
          <Input
            size="large"
            inputMode="numeric"
            maxLength={16}
            value={componentId}
            onChange={(e) => setComponentId(e.target.value.replace(/\D/g, ''))}
            placeholder={t('componentHint', { digits: category.code.replace(/\D/g, '').slice(-4) })}
            style={{ marginTop: 10 }}
            data-testid="grid-component"
            addonBefore={t('component')}
          />
        )}
        {category && (category.attributes ?? []).length > 0 && (
          <AttributeFields defs={category.attributes} value={attributes} onChange={setAttributes} />
        )}
      </section>
      <section className="oc-citizen-section">
        <span className="oc-citizen-label">{t('gps')}</span>
        <LocationPicker value={location} onChange={setLocation} testId="grid-location" compact />
      </section>
      <section className="oc-citizen-section">
        <Input.TextArea
          rows={2}
          maxLength={4000}
          placeholder={t('note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="grid-note"
        />
      </section>
      {(problem || file.error) && (
        <Alert
          type="error"
          showIcon
          title={problem ?? errorMessage(file.error)}
          style={{ marginBottom: 8 }}
          data-testid="grid-problem"
        />
      )}
      <div className="oc-citizen-submit">
        <Button
          type="primary"
          block
          size="large"
          className="oc-grid-bigbtn"
          loading={file.isPending}
          onClick={submit}
          data-testid="grid-submit"
        >
          {t('submit')}
        </Button>
      </div>
    </div>
  );
}
