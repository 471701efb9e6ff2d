import { CheckCircleFilled, CopyOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Input, Result, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  type CitizenCaseCreated,
  type Location,
  type Subcategory,
  citizenApi,
  newIdempotencyKey,
} from '../../../api/cases-public';
import { ApiError } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import { errorMessage } from '../../../components/ErrorAlert';
import { AttributeFields, type AttributeValues, missingAttributes } from './AttributeFields';
import { CategoryPicker } from './CategoryPicker';
import { LocationPicker } from './LocationPicker';
import { PhotoPicker } from './PhotoPicker';
import { type PreparedPhoto, toUpload } from './photos';
import { useCitizenText } from './texts';

const MOBILE = /^1[3-9]\d{9}$/;

type Problems = Partial<Record<'category' | 'attributes' | 'description' | 'location' | 'phone' | 'form', string>>;

function Filed({ created, phone, onAnother }: { created: CitizenCaseCreated; phone: string; onAnother: () => void }) {
  const { t } = useCitizenText();
  const { message } = App.useApp();
  const hint =
    created.trackWith === 'phone'
      ? t('filedHint')
      : created.trackWith === 'account'
        ? t('filedHintAccount')
        : t('filedHintNone');
  const last4 = phone.replace(/\D/g, '').slice(-4);
  return (
    <div className="oc-citizen-section" data-testid="report-filed">
      <Result
        icon={<CheckCircleFilled style={{ color: '#52c41a' }} />}
        title={t('filedTitle')}
        subTitle={
          <>
            <div>{t('filedNo')}</div>
            <div className="oc-citizen-caseno" data-testid="report-case-no">
              {created.caseNo}
            </div>
            <Button
              size="small"
              icon={<CopyOutlined />}
              onClick={() => navigator.clipboard?.writeText(created.caseNo).then(() => message.success(created.caseNo))}
            >
              {t('copyNo')}
            </Button>
            <Typography.Paragraph strong style={{ marginTop: 16, fontSize: 16 }} data-testid="report-filed-hint">
              {hint}
            </Typography.Paragraph>
          </>
        }
        extra={[
          created.trackWith !== 'none' && (
            <Link
              key="track"
              to={created.trackWith === 'account' ? '/my-cases' : '/track'}
              state={{ caseNo: created.caseNo, phoneLast4: last4 }}
            >
              <Button type="primary" size="large" data-testid="report-go-track">
                {t('filedTrack')}
              </Button>
            </Link>
          ),
          <Button key="again" size="large" onClick={onAnother}>
            {t('filedAnother')}
          </Button>,
        ]}
      />
    </div>
  );
}

/** 我要反映: one screen, sensible defaults, a double tap never files twice (one Idempotency-Key per form). */
export default function ReportPage() {
  const { t, locale } = useCitizenText();
  const { state } = useAuth();
  const signedIn = state.status === 'signedIn';
  const tree = useQuery({ queryKey: ['citizen', 'categories', locale], queryFn: citizenApi.categories, retry: false });
  const [category, setCategory] = useState<Subcategory | null>(null);
  const [attributes, setAttributes] = useState<AttributeValues>({});
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<PreparedPhoto[]>([]);
  const [location, setLocation] = useState<Location>({});
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [serverProblem, setServerProblem] = useState<Problems>({});
  const [formKey, setFormKey] = useState(newIdempotencyKey);

  // 部件 problems need the 16-digit component id from the asset's plate, which the citizen form does not ask:
  // citizens report 事件 and 12345 matters; 部件 come from grid workers and the hotline.
  const items = useMemo(
    () =>
      (tree.data?.items ?? [])
        .map((top) => ({ ...top, children: (top.children ?? []).filter((c) => !c.concernsComponent) }))
        .filter((top) => top.children.length > 0),
    [tree.data],
  );
  const anonymousAllowed = category?.allowAnonymous ?? false;

  const submit = useMutation({
    mutationFn: () => {
      const trimmedAddress = location.address?.trim();
      return citizenApi.create(
        {
          categoryId: category!.id,
          description: description.trim(),
          location: {
            ...(location.lat !== undefined ? { lat: location.lat, lng: location.lng } : {}),
            ...(trimmedAddress ? { address: trimmedAddress } : {}),
          },
          reporter:
            anonymous && anonymousAllowed
              ? { anonymous: true }
              : { ...(name.trim() ? { name: name.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}) },
          ...(Object.keys(attributes).length ? { attributes } : {}),
          ...(photos.length ? { photos: photos.map(toUpload) } : {}),
        },
        formKey,
      );
    },
    onError: (error) => {
      const field = error instanceof ApiError ? String(error.details.field ?? '') : '';
      if (field.startsWith('reporter')) setServerProblem({ phone: errorMessage(error) });
      else if (field.startsWith('location')) setServerProblem({ location: errorMessage(error) });
      else if (field.startsWith('attributes')) setServerProblem({ attributes: errorMessage(error) });
      else setServerProblem({ form: errorMessage(error) });
    },
  });

  /** What is still missing, said next to its field once the citizen has tried to submit. */
  const check = (): Problems => {
    const p: Problems = {};
    if (!category) p.category = t('categoryPick');
    else if (missingAttributes(category.attributes ?? [], attributes).length) p.attributes = t('attributesRequired');
    if (!description.trim()) p.description = t('descriptionRequired');
    if (location.lat === undefined && !location.address?.trim()) p.location = t('locationRequired');
    const anon = anonymous && anonymousAllowed;
    if (!anon && !signedIn && !phone.trim()) p.phone = t('phoneRequired');
    else if (!anon && phone.trim() && !MOBILE.test(phone.replace(/[\s-]/g, ''))) p.phone = t('phoneInvalid');
    return p;
  };
  const problems: Problems = { ...(attempted ? check() : {}), ...serverProblem };

  const reset = () => {
    setCategory(null);
    setAttributes({});
    setDescription('');
    setPhotos([]);
    setLocation({});
    setAnonymous(false);
    setAttempted(false);
    setServerProblem({});
    setFormKey(newIdempotencyKey());
    submit.reset();
  };

  if (submit.data) return <Filed created={submit.data} phone={phone} onAnother={reset} />;

  const problem = (k: keyof Problems) =>
    problems[k] ? (
      <Typography.Text type="danger" data-testid={`report-problem-${k}`} style={{ display: 'block', marginTop: 4 }}>
        {problems[k]}
      </Typography.Text>
    ) : null;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setAttempted(true);
        setServerProblem({});
        if (!submit.isPending && Object.keys(check()).length === 0) submit.mutate();
      }}
      data-testid="report-form"
    >
      <Typography.Title level={4} style={{ margin: '4px 0 2px' }}>
        {t('reportTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 10 }}>
        {t('reportIntro')}
      </Typography.Paragraph>

      <section className="oc-citizen-section">
        <span className="oc-citizen-label">{t('category')}</span>
        {tree.isLoading ? (
          <Spin />
        ) : tree.error ? (
          <Alert
            type={tree.error instanceof ApiError && tree.error.status === 401 ? 'info' : 'error'}
            title={
              tree.error instanceof ApiError && tree.error.status === 401
                ? t('categoryLoginNeeded')
                : errorMessage(tree.error)
            }
            action={
              <Link to="/login" state={{ from: '/report' }}>
                <Button size="small">{t('signIn')}</Button>
              </Link>
            }
          />
        ) : (
          <CategoryPicker
            tree={items}
            value={category}
            onChange={(c) => {
              setCategory(c);
              setAttributes({});
            }}
          />
        )}
        {problem('category')}
        {category && (category.attributes ?? []).length > 0 && (
          <AttributeFields defs={category.attributes} value={attributes} onChange={setAttributes} />
        )}
        {problem('attributes')}
      </section>

      <section className="oc-citizen-section">
        <label className="oc-citizen-label" htmlFor="report-description">
          {t('description')}
        </label>
        <Input.TextArea
          id="report-description"
          rows={3}
          maxLength={4000}
          placeholder={t('descriptionHint')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          data-testid="report-description"
          style={{ fontSize: 16 }}
        />
        {problem('description')}
        <span className="oc-citizen-label" style={{ marginTop: 12 }}>
          {t('photos')}
        </span>
        <PhotoPicker value={photos} onChange={setPhotos} />
      </section>

      <section className="oc-citizen-section">
        <span className="oc-citizen-label">{t('location')}</span>
        <LocationPicker value={location} onChange={setLocation} />
        {problem('location')}
      </section>

      <section className="oc-citizen-section">
        <span className="oc-citizen-label">{t('contact')}</span>
        {!(anonymous && anonymousAllowed) && (
          <>
            <Input
              size="large"
              inputMode="tel"
              autoComplete="tel"
              placeholder={`${t('phone')}${signedIn ? '' : ' *'}`}
              value={phone}
              maxLength={20}
              onChange={(e) => setPhone(e.target.value)}
              data-testid="report-phone"
              aria-label={t('phone')}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('phoneHint')}
            </Typography.Text>
            {problem('phone')}
            <Input
              size="large"
              autoComplete="name"
              placeholder={t('name')}
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
              data-testid="report-name"
              style={{ marginTop: 8 }}
              aria-label={t('name')}
            />
          </>
        )}
        <div style={{ marginTop: 8 }}>
          <Checkbox
            checked={anonymous && anonymousAllowed}
            disabled={!anonymousAllowed}
            onChange={(e) => setAnonymous(e.target.checked)}
            data-testid="report-anonymous"
          >
            {t('anonymous')}
          </Checkbox>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            {category && !anonymousAllowed ? t('anonymousNotAllowed') : t('anonymousHint')}
          </Typography.Text>
        </div>
      </section>

      {problem('form')}
      <div className="oc-citizen-submit">
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          loading={submit.isPending}
          data-testid="report-submit"
          style={{ height: 52, fontSize: 18 }}
        >
          {submit.isPending ? t('submitting') : t('submit')}
        </Button>
      </div>
    </form>
  );
}
